DROP TABLE file_contents;
