// welcome page: filled in by issue 4.
