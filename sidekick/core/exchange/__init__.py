"""core/exchange"""
