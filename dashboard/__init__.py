"""dvk dashboard (Streamlit) and the ``dvk`` command line."""
