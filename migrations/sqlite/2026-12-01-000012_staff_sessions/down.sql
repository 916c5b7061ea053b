DROP TABLE staff_devices;
DROP TABLE staff_sessions;
