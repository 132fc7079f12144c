"""The PySide6 cashier window. Thin: it calls counter_app and receipts, and shows results."""
