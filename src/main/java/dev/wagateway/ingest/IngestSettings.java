package dev.wagateway.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the file-ingest route watches its inbox and stores rows.
 *
 * @param inboxDir         the folder watched for {@code *.csv} and {@code *.jsonl} files
 * @param pollInterval     time between two looks at the inbox
 * @param readLockMinAge   a file is read only once it has not changed for this long (it may still be being written)
 * @param chunkSize        rows validated and stored in one transaction
 * @param maxRowCharacters longest row accepted; a longer CSV row makes the file unreadable, a longer JSON line is a
 *                         rejected row
 * @param progressEvery    a progress log line each time this many more rows are stored
 * @param writers          chunks stored at once, each in its own transaction and connection
 */
@ConfigurationProperties(prefix = "ingest")
public record IngestSettings(
        @DefaultValue("./data/inbox") String inboxDir,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("5s") Duration readLockMinAge,
        @DefaultValue("1000") int chunkSize,
        @DefaultValue("65536") int maxRowCharacters,
        @DefaultValue("10000") int progressEvery,
        @DefaultValue("2") int writers) {

    public IngestSettings {
        if (chunkSize < 1 || maxRowCharacters < 1024 || progressEvery < 1 || writers < 1) {
            throw new IllegalArgumentException("ingest chunk-size, progress-every and writers must be at least 1,"
                    + " max-row-characters at least 1024");
        }
    }
}
