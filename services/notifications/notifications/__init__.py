"""Notifications: emails to customers and signed webhooks to partners."""
