"""tdkt launcher package."""
