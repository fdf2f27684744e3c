// One test at a time: each starts a silo process (and some a browser); run side by side with the
// other test projects on two cores, more at once would only make everything slower.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
