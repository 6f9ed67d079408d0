// StrictJSON module. (Placeholder until its issue lands.)
