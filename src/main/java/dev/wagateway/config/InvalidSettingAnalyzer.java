package dev.wagateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/** An {@link InvalidSetting} stops start-up with its one line (registered in {@code META-INF/spring.factories}). */
public class InvalidSettingAnalyzer extends AbstractFailureAnalyzer<InvalidSetting> implements Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSetting cause) {
        return new FailureAnalysis(cause.getMessage(), ConfigurationFailureAnalyzer.ACTION, cause);
    }
}
