package dev.kvconfig.emulator.arm;

import dev.kvconfig.emulator.server.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The subscription's resource groups. Not thread safe: {@link ArmState} holds its lock around every call. */
final class ResourceGroups {
    record ResourceGroup(String name, String location, Map<String, String> tags) {
        ResourceGroup {
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }

        Map<String, Object> toJson(String subscriptionId) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", "/subscriptions/" + subscriptionId + "/resourceGroups/" + name);
            m.put("name", name);
            m.put("type", "Microsoft.Resources/resourceGroups");
            m.put("location", location);
            m.put("tags", new LinkedHashMap<>(tags));
            m.put("properties", Map.of("provisioningState", "Succeeded"));
            return m;
        }
    }

    private final String subscription;
    private final Map<String, ResourceGroup> groups = new LinkedHashMap<>();

    ResourceGroups(String subscription) {
        this.subscription = subscription;
    }

    void checkSubscription(String s) {
        if (!subscription.equalsIgnoreCase(s)) {
            throw ArmError.subscriptionNotFound(s);
        }
    }

    /** The group of the builder's vaults, made when first needed. */
    void ensure(String name, String location) {
        groups.computeIfAbsent(Names.key(name), k -> new ResourceGroup(name, location, Map.of()));
    }

    /** @throws dev.kvconfig.emulator.server.ServiceError 404 for another subscription or an unknown group */
    ResourceGroup require(String s, String name) {
        checkSubscription(s);
        ResourceGroup g = groups.get(Names.key(name));
        if (g == null) {
            throw ArmError.resourceGroupNotFound(name);
        }
        return g;
    }

    ArmState.Result put(String s, String name, Map<String, Object> body) {
        checkSubscription(s);
        if (!Names.validResourceGroup(name)) {
            throw ArmError.of(400, "InvalidResourceGroup", "The provided resource group name '" + name + "' has these"
                    + " invalid characters or length: use 1-90 of letters, digits, '_', '-', '.', '(' and ')',"
                    + " not ending in '.'.");
        }
        String location = Json.string(body, "location");
        ResourceGroup existing = groups.get(Names.key(name));
        if (location == null || location.isBlank()) {
            throw ArmError.of(400, "LocationRequired", "The location property is required for this definition.");
        }
        if (existing != null && !Names.location(existing.location()).equals(Names.location(location))) {
            throw ArmError.of(409, "InvalidResourceGroupLocation", "Invalid resource group location '" + location
                    + "'. The Resource group already exists in location '" + existing.location() + "'.");
        }
        Map<String, String> tags = Json.stringMap(body, "tags");
        ResourceGroup g = new ResourceGroup(existing != null ? existing.name() : name,
                existing != null ? existing.location() : location, tags);
        groups.put(Names.key(name), g);
        return new ArmState.Result(existing == null ? 201 : 200, g.toJson(subscription));
    }

    boolean exists(String s, String name) {
        checkSubscription(s);
        return groups.containsKey(Names.key(name));
    }

    List<Object> list(String s) {
        checkSubscription(s);
        List<Object> out = new ArrayList<>();
        groups.values().forEach(g -> out.add(g.toJson(subscription)));
        return out;
    }

    void remove(String name) {
        groups.remove(Names.key(name));
    }

    // ---------------------------------------------------------------- state file

    Collection<ResourceGroup> all() {
        return groups.values();
    }

    void restore(ResourceGroup group) {
        groups.put(Names.key(group.name()), group);
    }

    int size() {
        return groups.size();
    }
}
