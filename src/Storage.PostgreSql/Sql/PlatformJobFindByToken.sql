SELECT project, spider, job FROM platform_jobs WHERE token_hash = @token_hash;
