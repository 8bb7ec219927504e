"""``ukcsa-data validate``: checks a data package in layers and reports every problem found."""
