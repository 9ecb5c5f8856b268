"""Pages of presidium work in recess, one module per concern (plans, activities, rectification, appraisal)."""
