package dev.kvconfig.micronaut;

import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.context.scope.Refreshable;

/** Test bean: a refreshable bean reading one vault property. */
@Refreshable
class Greeter {

    @Value("${greeting}")
    String greeting;

    String greeting() {
        return greeting;
    }
}
