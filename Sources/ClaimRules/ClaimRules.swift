// ClaimRules module. (Placeholder until its issue lands.)
