-- Temporal's auto-setup creates its schemas itself; the databases only need to exist and be owned by our user.
CREATE DATABASE temporal OWNER support;
CREATE DATABASE temporal_visibility OWNER support;
