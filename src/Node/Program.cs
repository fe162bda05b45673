using DicomSegNode.Node.Commands;

return await CommandLineApp.RunAsync(args);
