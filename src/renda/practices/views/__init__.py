"""Pages of the practice library (list, new, a practice with its towns and steps, the diffusion chart, a town's
adoption with its files) and of the six-haves self-assessment (the list, the district's grid, one town's year)."""
