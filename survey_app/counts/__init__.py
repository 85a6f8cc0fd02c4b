"""The read side: the one read path (reading), the counts folded ahead (folding) and their
check, and the breakdowns. Every number a person sees is tallied here."""
