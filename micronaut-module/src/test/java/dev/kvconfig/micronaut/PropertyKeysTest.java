package dev.kvconfig.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PropertyKeysTest {

    @Test
    void spellings_noSeparator_isTheLowerCaseName() {
        assertThat(PropertyKeys.spellings("Greeting")).containsExactly("greeting");
    }

    @Test
    void spellings_twoSeparators_areEveryDotDashCombination() {
        assertThat(PropertyKeys.spellings("App.Api.Key"))
                .containsExactlyInAnyOrder("app.api.key", "app.api-key", "app-api.key", "app-api-key");
    }

    @Test
    void spellings_beyondTheCap_areAllDotsAndAllDashesOnly() {
        assertThat(PropertyKeys.spellings("a.b.c.d.e.f.g.h.i.j")).containsExactly("a.b.c.d.e.f.g.h.i.j", "a-b-c-d-e-f-g-h-i-j");
    }

    @Test
    void spellings_severalNames_haveNoDuplicates() {
        assertThat(PropertyKeys.spellings(List.of("a.b", "A.B", "c"))).containsExactly("a.b", "a-b", "c");
    }

    @Test
    void sourceNames_withinTheCap_isTheEnvironmentVariableForm() {
        assertThat(PropertyKeys.sourceNames("Datasources.Default.Password")).containsExactly("DATASOURCES_DEFAULT_PASSWORD");
        assertThat(PropertyKeys.sourceNames("greeting")).containsExactly("GREETING");
    }

    @Test
    void sourceNames_beyondTheCap_areAllDotsAndAllDashes() {
        assertThat(PropertyKeys.sourceNames("a.b.c.d.e.f.g.h.i.j")).containsExactly("a.b.c.d.e.f.g.h.i.j", "a-b-c-d-e-f-g-h-i-j");
    }
}
