"""tdkt workflows package."""
