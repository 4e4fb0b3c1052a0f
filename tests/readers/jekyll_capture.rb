# frozen_string_literal: true

# A Jekyll plugin (copied into a test site's _plugins/ beside typed.rb) that records, for every file of the
# site's collections, what Jekyll itself read from its front matter, and writes it as typed JSON to the file
# named by the site setting newsrecord_capture, keyed by path from the site's source folder:
#   {path: {"kind": "document" | "static", "yaml": typed value, ["error", ...] or null when Jekyll's
#    front-matter regexp did not match, "read_error": ["error", ...] or null}}
# It wraps the YAML loader that Document#read_content calls (Jekyll::Utils.safe_load_yaml on Debian's Jekyll,
# SafeYAML.load on Jekyll from RubyGems), so what Jekyll adds to a document's data (slug, ext, title from the
# file name, excerpt, categories, tags, draft, date) cannot hide or fake a difference. After the read phase
# it empties the collections, so the build renders and writes nothing of them.
require_relative "typed"

module NewsrecordCapture
  @readings = {}
  @current = nil

  class << self
    attr_reader :readings
    attr_accessor :current

    # Record what the wrapped loader gave (or raised) for the document being read.
    def loaded
      reading = readings[current] if current
      return yield unless reading

      begin
        value = yield
        reading["yaml"] = NewsrecordTyped.encode(value)
        value
      rescue StandardError => e
        reading["yaml"] = NewsrecordTyped.error(e)
        raise
      end
    end
  end

  # Around Jekyll::Document#read_content: which document is being read, and whatever made it fail.
  module Document
    def read_content(**opts)
      NewsrecordCapture.readings[path] = { "kind" => "document", "yaml" => nil, "read_error" => nil }
      NewsrecordCapture.current = path
      super
    rescue StandardError => e
      NewsrecordCapture.readings[path]["read_error"] = NewsrecordTyped.error(e)
      raise
    ensure
      NewsrecordCapture.current = nil
    end

    # Errors after the front matter was loaded (merging data that is not a mapping, for one).
    def read_post_data
      super
    rescue StandardError => e
      NewsrecordCapture.readings[path]["read_error"] ||= NewsrecordTyped.error(e)
      raise
    end
  end

  module Loader
    def safe_load_yaml(yaml)
      NewsrecordCapture.loaded { super }
    end

    def load(*args, **kwargs)
      NewsrecordCapture.loaded { super }
    end
  end
end

Jekyll::Document.prepend(NewsrecordCapture::Document)
Jekyll::Utils.singleton_class.prepend(NewsrecordCapture::Loader) if Jekyll::Utils.respond_to?(:safe_load_yaml)
SafeYAML.singleton_class.prepend(NewsrecordCapture::Loader) if defined?(SafeYAML)

Jekyll::Hooks.register :site, :post_read do |site|
  relative = ->(path) { path.delete_prefix(site.source).delete_prefix("/") }
  readings = NewsrecordCapture.readings.to_h { |path, reading| [relative.call(path), reading] }
  site.collections.each_value do |collection|
    collection.files.each { |file| readings[relative.call(file.path)] = { "kind" => "static" } }
    site.static_files -= collection.files
    collection.docs.clear
    collection.files.clear
  end
  File.write(site.config.fetch("newsrecord_capture"), JSON.generate(readings))
end
