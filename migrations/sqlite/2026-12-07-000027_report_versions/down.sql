DROP TABLE report_answers;
ALTER TABLE synthesis_reports DROP COLUMN stats_json;
ALTER TABLE synthesis_reports DROP COLUMN version;
