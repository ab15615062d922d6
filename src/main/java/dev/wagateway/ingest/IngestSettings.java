package dev.wagateway.ingest;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

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
@Validated
@ConfigurationProperties(prefix = "ingest")
public record IngestSettings(
        @NotBlank(message = "a folder, e.g. ./data/inbox") @DefaultValue("./data/inbox") String inboxDir,
        @DurationMin(millis = 1, message = "a positive duration, e.g. 2s") @DefaultValue("2s") Duration pollInterval,
        @DurationMin(millis = 0, message = "a duration of 0s or more, e.g. 5s")
        @DefaultValue("5s") Duration readLockMinAge,
        @Positive(message = "a positive number of rows, e.g. 1000") @DefaultValue("1000") int chunkSize,
        @Min(value = 1024, message = "at least 1024 characters, e.g. 65536") @DefaultValue("65536") int maxRowCharacters,
        @Positive(message = "a positive number of rows, e.g. 10000") @DefaultValue("10000") int progressEvery,
        @Positive(message = "a positive number of writers, e.g. 2") @DefaultValue("2") int writers) {
}
