// Placeholder so the package builds in this branch.
