// Each test class deploys its own silo: one at a time on the shared 2-core machines.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
