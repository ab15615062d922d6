-- Replies (issue 22): a message sent with replyTo keeps our id of the message it replies to (reply_to, shown in the
-- views; no foreign key) and that message's WhatsApp id (context_message_id), resolved once when the reply is
-- stored, which every attempt sends as the Cloud API's context.message_id.
ALTER TABLE messages ADD COLUMN reply_to uuid;
ALTER TABLE messages ADD COLUMN context_message_id text;
