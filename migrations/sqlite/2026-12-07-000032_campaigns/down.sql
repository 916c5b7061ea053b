DROP TABLE campaign_sections;
DROP TABLE campaign_communes;
DROP TABLE campaigns;
