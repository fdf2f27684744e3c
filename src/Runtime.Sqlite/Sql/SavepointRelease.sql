RELEASE operation;
