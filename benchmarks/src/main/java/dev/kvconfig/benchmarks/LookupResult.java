package dev.kvconfig.benchmarks;

/** One JMH figure: benchmark method name, mean and 99.9% error in ns/op. */
record LookupResult(String benchmark, double nanos, double error) {
}
