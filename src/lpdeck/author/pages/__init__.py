"""``lpdeck import``: walkthrough pages saved as text become a walkthrough file and a shared story file."""
