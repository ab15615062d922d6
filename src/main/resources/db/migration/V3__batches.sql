-- File-drop batch ingestion: one batch per distinct file content, each row of it a message or a rejection.

-- A batch is identified by the SHA-256 of the file's bytes: the same content dropped again is the same batch.
-- rows_committed is the last row whose chunk has committed: a run that stopped half-way resumes after it.
CREATE TABLE batches (
    id             uuid PRIMARY KEY,
    file_name      varchar(255) NOT NULL,
    sha256         char(64)     NOT NULL,
    format         varchar(10)  NOT NULL,
    status         varchar(20)  NOT NULL,
    rows_total     integer,
    rows_committed integer      NOT NULL DEFAULT 0,
    rows_accepted  integer      NOT NULL DEFAULT 0,
    rows_rejected  integer      NOT NULL DEFAULT 0,
    error_code     varchar(64),
    error_message  text,
    started_at     timestamptz  NOT NULL,
    finished_at    timestamptz,
    updated_at     timestamptz  NOT NULL,
    CONSTRAINT uq_batches_sha256 UNIQUE (sha256),
    CONSTRAINT ck_batches_status CHECK (status IN ('processing', 'done', 'failed')),
    CONSTRAINT ck_batches_format CHECK (format IN ('csv', 'jsonl'))
);
-- GET /batches: newest first.
CREATE INDEX ix_batches_started ON batches (started_at DESC, id DESC);

-- An accepted row is a message carrying its batch and row number: (batch, row) is its key, unique, so a chunk
-- written again after a crash inserts nothing twice.
ALTER TABLE messages ADD COLUMN batch_id uuid REFERENCES batches (id);
ALTER TABLE messages ADD COLUMN batch_row integer;
CREATE UNIQUE INDEX uq_messages_batch_row ON messages (batch_id, batch_row) WHERE batch_id IS NOT NULL;

-- A rejected row: the error code (the REST send's codes) and message, under the same key.
CREATE TABLE batch_rejections (
    batch_id      uuid        NOT NULL REFERENCES batches (id),
    batch_row     integer     NOT NULL,
    error_code    varchar(64) NOT NULL,
    error_message text        NOT NULL,
    PRIMARY KEY (batch_id, batch_row)
);
