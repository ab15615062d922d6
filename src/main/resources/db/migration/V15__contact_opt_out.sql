-- Issue 22, opt-out and opt-in: a contact who wrote one of OPT_OUT_KEYWORDS (or was opted out by hand, PUT
-- /contacts/{id}/consent) is written to no more. opted_out_at: when it opted out (the first time, kept while it stays
-- out); null: it may be written to. Read with the contact's row by the send's one statement, a batch's or a file
-- chunk's contacts, and each delivery's load: no index of its own.
ALTER TABLE contacts ADD COLUMN opted_out_at timestamptz;
