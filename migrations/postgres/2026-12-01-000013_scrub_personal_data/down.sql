-- What was scrubbed cannot come back; nothing to undo.
SELECT 1;
