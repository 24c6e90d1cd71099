"""tdkt store package."""
