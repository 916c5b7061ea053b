DROP INDEX comments_holding_contact;
