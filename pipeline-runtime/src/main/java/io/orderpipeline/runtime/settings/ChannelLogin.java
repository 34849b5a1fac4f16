package io.orderpipeline.runtime.settings;

import io.orderpipeline.settings.KafkaUserLogin;
import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;

import java.util.Map;

/** Hands every Kafka channel's client to {@link KafkaUserLogin} before SmallRye builds it. */
@ApplicationScoped
public class ChannelLogin implements ClientCustomizer<Map<String, Object>> {

    private final KafkaUserLogin login;

    ChannelLogin(KafkaUserLogin login) {
        this.login = login;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> clientConfig) {
        return login.customize(channel, clientConfig);
    }
}
