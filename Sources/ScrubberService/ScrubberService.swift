// ScrubberService module. (Placeholder until its issue lands.)
