# frozen_string_literal: true

# Front matter as Jekyll 3 and 4 installed from RubyGems read it: SafeYAML.load(yaml) in
# Document#read_content, with SafeYAML::OPTIONS[:suppress_warnings] = true as lib/jekyll.rb sets it.
#   ruby -I ../shared/vendor/safe_yaml-1.0.5/lib tests/readers/safe_yaml.rb < batch.json
require "safe_yaml/load"
require_relative "typed"

SafeYAML::OPTIONS[:suppress_warnings] = true
NewsrecordTyped.batch { |yaml| SafeYAML.load(yaml) }
