# frozen_string_literal: true

# Front matter as Jekyll 4.3 on Debian reads it: Jekyll::Utils.safe_load_yaml, copied here (Psych.safe_load
# with Date and Time permitted and aliases allowed; Ruby's own YAML, libyaml, YAML 1.1 rules), its rescue
# included: an ArgumentError (Psych raises one for plain 0x, or 0b,) retries with the Psych < 3.1 API.
#   ruby tests/readers/psych.rb < batch.json
require "yaml"
require_relative "typed"

def safe_load_yaml(yaml)
  Psych.safe_load(yaml, :permitted_classes => [Date, Time], aliases: true)
rescue ArgumentError
  Psych.safe_load(yaml, [Date, Time])
end

NewsrecordTyped.batch { |yaml| safe_load_yaml(yaml) }
