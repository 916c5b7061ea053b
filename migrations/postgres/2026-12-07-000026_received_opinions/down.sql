DROP TABLE received_opinions;
DROP TABLE consultation_recipients;
DROP TABLE consultation_letters;
