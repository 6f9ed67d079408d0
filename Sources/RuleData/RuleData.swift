// RuleData module. (Placeholder until its issue lands.)
