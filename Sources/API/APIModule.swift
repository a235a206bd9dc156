/// Namespace marker; replaced as the module grows.
enum APIModule {}
