package dev.wagateway.config;

/**
 * A setting that binds but cannot be used (a keystore that does not open, an address that wants a password): thrown
 * while a bean is built, it stops start-up with the same one line as a setting that fails its check
 * ({@link ConfigurationFailureAnalyzer#line}), written by {@link InvalidSettingAnalyzer}.
 */
public class InvalidSetting extends RuntimeException {

    public InvalidSetting(String property, Object value, String expected) {
        super(ConfigurationFailureAnalyzer.line(property, value, expected));
    }

    public InvalidSetting(String property, Object value, String expected, Throwable cause) {
        super(ConfigurationFailureAnalyzer.line(property, value, expected), cause);
    }
}
