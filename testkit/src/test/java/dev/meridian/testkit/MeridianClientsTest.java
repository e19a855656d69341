package dev.meridian.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URI;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.Test;

/** The connections the test kit's clients open: the JDK's, with the kit's timeouts, TLS only for https. */
class MeridianClientsTest {
    @Test
    void aConnectionToAMeridianIsPlainHttpWithTheKitsTimeouts() {
        HttpURLConnection connection = MeridianClients.openConnection(URI.create("http://127.0.0.1:8020/"));

        assertThat(connection).isNotInstanceOf(HttpsURLConnection.class);
        assertThat(connection.getURL().toString()).isEqualTo("http://127.0.0.1:8020/");
        assertThat(connection.getConnectTimeout()).isEqualTo(2_000);
        assertThat(connection.getReadTimeout()).isEqualTo(120_000);
    }

    @Test
    void anHttpsEndpointGetsTheJdksTlsWithTheSameTimeouts() {
        HttpURLConnection connection = MeridianClients.openConnection(URI.create("https://kms.example.com/"));

        assertThat(connection).isInstanceOf(HttpsURLConnection.class);
        assertThat(connection.getConnectTimeout()).isEqualTo(2_000);
        assertThat(connection.getReadTimeout()).isEqualTo(120_000);
    }
}
