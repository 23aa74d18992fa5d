-- One database per service: nothing reads another service's tables.
CREATE DATABASE catalog;
CREATE DATABASE booking;
CREATE DATABASE payments;
CREATE DATABASE notifications;
CREATE DATABASE gateway;
