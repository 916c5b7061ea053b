DROP TABLE site_operator;
