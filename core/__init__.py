"""tdkt core package."""
