DROP TABLE attachments;
DROP TABLE sections;
DROP TABLE draft_versions;
DROP TABLE drafts;
DROP TABLE document_types;
DROP TABLE agencies;
DROP TABLE localities;
DROP TABLE jurisdictions;
