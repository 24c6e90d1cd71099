"""tdkt worker package."""
