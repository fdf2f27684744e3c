SELECT project FROM platform_projects ORDER BY project;
