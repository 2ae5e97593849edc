"""Running a recipe: the recipe, the runner, its executors and worker task, the run's stats."""
