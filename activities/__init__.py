"""tdkt activities package."""
