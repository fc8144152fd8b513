using Spaces.Analytics.Terminal;

JobArguments arguments;
try
{
    arguments = JobArguments.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(JobArguments.Usage);
    return 2;
}

Console.WriteLine(arguments);
return 0;
